import { describe, expect, it } from 'vitest';
import { ValidationException, resolveEndpoint, type EndpointOptions } from '@connect-participant/core';

const refusal = (options: EndpointOptions): ValidationException => {
  let thrown: unknown;
  try {
    resolveEndpoint(options);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ValidationException);
  return thrown as ValidationException;
};

describe('resolveEndpoint', () => {
  it.each([
    ['us-east-1', 'https://participant.connect.us-east-1.amazonaws.com'],
    ['eu-central-1', 'https://participant.connect.eu-central-1.amazonaws.com'],
    ['ap-southeast-2', 'https://participant.connect.ap-southeast-2.amazonaws.com'],
    ['us-gov-west-1', 'https://participant.connect.us-gov-west-1.amazonaws.com'],
    ['ca-central-12', 'https://participant.connect.ca-central-12.amazonaws.com'],
    ['cn-north-1', 'https://participant.connect.cn-north-1.amazonaws.com.cn'],
    ['cn-northwest-1', 'https://participant.connect.cn-northwest-1.amazonaws.com.cn'],
  ])('derives the endpoint of region %s', (region, endpoint) => {
    expect(resolveEndpoint({ region })).toBe(endpoint);
  });

  it.each(['', 'US-EAST-1', 'us-east', 'useast-1', 'us-east-123', 'u-east-1', 'us-east-1 ', ' us-east-1', 'us-east-1/evil', 'us-east-1.evil.example', 'us--1', 'us-east-a'])(
    'refuses the region %j before any I/O',
    (region) => {
      const e = refusal({ region });
      expect(e.field).toBe('region');
      expect(e.constraint).toBe('format');
      expect(e.message).toBe('region: must be a region name such as us-east-1');
    },
  );

  it('refuses a region that is not text, and neither region nor endpoint', () => {
    expect(refusal({ region: 42 as unknown as string }).constraint).toBe('format');
    const missing = refusal({});
    expect(missing.field).toBe('region');
    expect(missing.constraint).toBe('required');
    expect(missing.message).toBe('region or endpoint is required');
  });

  it.each([
    ['http://127.0.0.1:4566', 'http://127.0.0.1:4566'],
    ['https://participant.example', 'https://participant.example'],
    ['https://participant.example/', 'https://participant.example'],
    ['https://participant.example/base//', 'https://participant.example/base'],
    ['http://[::1]:4566/prefix/path', 'http://[::1]:4566/prefix/path'],
  ])('takes the endpoint %s verbatim, without trailing slashes', (endpoint, base) => {
    expect(resolveEndpoint({ endpoint })).toBe(base);
    // An explicit endpoint wins over a region, even a malformed one.
    expect(resolveEndpoint({ endpoint, region: 'not a region' })).toBe(base);
  });

  it.each(['', 'participant.example', 'ftp://participant.example', 'http://', 'https:///path', 'http://a b', 'http://x?y=1', 'http://x/p?y', 'http://x#f', 'http://x/p#f', ' http://x', 'http://x ', 'wss://x'])(
    'refuses the endpoint %j before any I/O',
    (endpoint) => {
      const e = refusal({ endpoint });
      expect(e.field).toBe('endpoint');
      expect(e.constraint).toBe('format');
      expect(e.message).toBe('endpoint: must be an http(s) URL such as http://127.0.0.1:4566');
    },
  );

  it('refuses an endpoint or a region that is not text, even one that turns into valid text', () => {
    expect(refusal({ endpoint: 4566 as unknown as string }).field).toBe('endpoint');
    expect(refusal({ endpoint: { toString: () => 'http://127.0.0.1:4566' } as unknown as string }).field).toBe('endpoint');
    expect(refusal({ region: { toString: () => 'us-east-1' } as unknown as string }).field).toBe('region');
  });
});
