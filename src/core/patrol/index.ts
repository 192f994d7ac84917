/** Patrol coverage (issue 5): live positions and tracks, visits, daily reports. */
export * from './positions';
export * from './visits';
export * from './daily-report';
