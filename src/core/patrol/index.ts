export * from './positions';
export * from './tracks';
export * from './patrol-state';
export * from './worker-stats';
export * from './visits';
export * from './daily-report';
