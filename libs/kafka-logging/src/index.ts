export * from './classify-kafkajs-log';
export * from './kafkajs-log-creator';
