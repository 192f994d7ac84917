/** Patrol coverage (issue 5): live positions and tracks, per-worker figures, visits, coverage, daily reports. */
export * from './positions';
export * from './tracks';
export * from './patrol-state';
export * from './worker-stats';
export * from './visits';
export * from './daily-report';
export * from './coverage';
export * from './coverage-report';
export * from './stops';
