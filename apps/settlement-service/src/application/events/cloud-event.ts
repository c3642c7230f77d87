/** CloudEvents 1.0 structured envelope, as the contract fixes it for settlement.events.v1. */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: 'gongji/settlement-service';
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
}

export function cloudEvent<T>(type: string, id: string, subject: string, time: Date, data: T): CloudEvent<T> {
  return {
    specversion: '1.0',
    id,
    source: 'gongji/settlement-service',
    type,
    subject,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}
