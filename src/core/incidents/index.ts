/**
 * Incidents: the GB/T 30428 classification, the case workflow as pure updaters, deadlines,
 * performance indicators, normalising feed messages into incidents, and the demo feed.
 */
export * from './model';
export * from './classes';
export * from './deadlines';
export * from './workflow';
export * from './indicators';
export * from './incident-from-feed';
export * from './demo-feed';
export { addHours, formatIso, offsetMinutesOf, parseIso, HOUR_MS } from './time';
export { createIncidentLocator, INCIDENT_NEAREST_M } from './locate';
export { demoOperatorStep, DEMO_OPERATOR } from './demo-operator';
