import { describe, expect, it } from 'vitest';
import { hubEndpointFrom, toModelSource } from './model-choice.js';

describe('the hub endpoint of the page', () => {
  const fallback = 'https://huggingface.co';

  it('comes from ?hfEndpoint= (a mirror or a test server), without a trailing slash', () => {
    expect(hubEndpointFrom('?hfEndpoint=http://127.0.0.1:4567/', fallback)).toBe('http://127.0.0.1:4567');
    expect(hubEndpointFrom('?x=1&hfEndpoint=https%3A%2F%2Fhf-mirror.com', fallback)).toBe('https://hf-mirror.com');
  });

  it('is the default without the parameter, or when it is not an http(s) URL', () => {
    expect(hubEndpointFrom('', fallback)).toBe(fallback);
    expect(hubEndpointFrom('?hfEndpoint=javascript:alert(1)', fallback)).toBe(fallback);
    expect(hubEndpointFrom('?hfEndpoint=not a url', fallback)).toBe(fallback);
  });

  it('a hub choice is the variant name with the endpoint, and no base URL', () => {
    expect(toModelSource({ kind: 'hub', variant: 'resnet18_swsl', endpoint: fallback })).toEqual({
      source: 'resnet18_swsl',
      hfEndpoint: fallback,
    });
  });
});
