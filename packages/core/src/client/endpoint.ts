import { ValidationException } from '../model/errors.js';

/** Where the service is: a region (the standard endpoint is derived) or an explicit endpoint URL. */
export interface EndpointOptions {
  readonly region?: string;
  readonly endpoint?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ENDPOINT = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

/**
 * The base URL of the Participant Service, without a trailing slash: `endpoint` verbatim (as the AWS SDKs use a
 * custom endpoint), else `https://participant.connect.{region}.amazonaws.com`. Throws a ValidationException for a
 * missing or malformed value, before any I/O.
 */
export function resolveEndpoint(options: EndpointOptions): string {
  if (options.endpoint !== undefined) {
    if (typeof options.endpoint !== 'string' || !ENDPOINT.test(options.endpoint)) {
      throw new ValidationException({ message: 'endpoint: must be an http(s) URL such as http://127.0.0.1:4566', field: 'endpoint', constraint: 'format' });
    }
    return options.endpoint.replace(/\/+$/, '');
  }
  if (options.region === undefined) {
    throw new ValidationException({ message: 'region or endpoint is required', field: 'region', constraint: 'required' });
  }
  if (typeof options.region !== 'string' || !REGION.test(options.region)) {
    throw new ValidationException({ message: 'region: must be a region name such as us-east-1', field: 'region', constraint: 'format' });
  }
  const suffix = options.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://participant.connect.${options.region}.${suffix}`;
}
