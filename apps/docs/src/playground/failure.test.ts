import { describe, expect, it } from 'vitest';
import { describeFailure } from './failure.js';
import { messagesFor } from './messages.js';
import { checkBeforeDownload } from './preflight.js';

const CLI_WORDS = /--\w|SWSL_|HF_ENDPOINT|opfs:|`|\bswsl \w/;

describe('describeFailure', () => {
  const en = messagesFor('en').failures;
  const ko = messagesFor('ko').failures;
  // The hub's own message, as runtime-web writes it for the command line too.
  const network = {
    code: 'E_NETWORK',
    message: 'could not reach the hub; put the file at opfs:/swsl/checkpoints/x yourself, or pass `--weights <file>`',
  };

  it('says what happened and what to do in the page’s language, without command-line words; the original stays in details', () => {
    for (const messages of [en, ko]) {
      const shown = describeFailure(network, messages, { canRetry: true });
      expect(shown.summary).toBe(messages.unreachable);
      expect(shown.advice).toBe(messages.action.chooseSource);
      expect(`${shown.summary} ${shown.advice}`).not.toMatch(CLI_WORDS);
      expect(shown.details).toBe(network.message);
      expect(shown.code).toBe('E_NETWORK');
      expect(shown.retry).toBe(true);
    }
  });

  it('offers "try again" only where a load can be repeated and trying again can help', () => {
    expect(describeFailure(network, en, { canRetry: false }).retry).toBe(false);
    const mismatch = describeFailure({ code: 'E_STATE_DICT_MISMATCH', message: '165 missing keys' }, en, {
      canRetry: true,
    });
    expect(mismatch.retry).toBe(false);
    expect(mismatch.evict).toBe(true);
    expect(mismatch.summary).toBe(en.wrongArchitecture);
  });

  it('an unknown code still gets a sentence, "try again" and its details', () => {
    const shown = describeFailure({ code: 'TypeError', message: 'x is undefined' }, ko, { canRetry: true });
    expect(shown).toMatchObject({ code: 'TypeError', summary: ko.unknown, retry: true, details: 'x is undefined' });
  });

  it('keeps a message the page wrote itself in its language (it names the file)', () => {
    const text = messagesFor('ko').notOnnx('picture.onnx', 'PNG');
    const shown = describeFailure({ code: 'E_NOT_ONNX', message: text }, ko, {
      canRetry: true,
      localizedMessage: true,
    });
    expect(shown.summary).toBe(text);
    expect(shown.summary).not.toMatch(CLI_WORDS);
  });
});

describe('checkBeforeDownload', () => {
  const adapter = { requestAdapter: async () => ({}) };
  const none = { requestAdapter: async () => null };

  it('refuses WebGPU chosen where there is no navigator.gpu or no adapter', async () => {
    await expect(checkBeforeDownload('webgpu', undefined)).rejects.toMatchObject({ code: 'E_WEBGPU_UNAVAILABLE' });
    await expect(checkBeforeDownload('webgpu', none)).rejects.toMatchObject({ code: 'E_WEBGPU_UNAVAILABLE' });
    const failing = { requestAdapter: () => Promise.reject(new Error('GPU process crashed')) };
    await expect(checkBeforeDownload('webgpu', failing)).rejects.toMatchObject({ code: 'E_WEBGPU_UNAVAILABLE' });
  });

  it('lets WebGPU with an adapter through, and never blocks auto or WASM (auto falls back by itself)', async () => {
    await expect(checkBeforeDownload('webgpu', adapter)).resolves.toBeUndefined();
    await expect(checkBeforeDownload('auto', undefined)).resolves.toBeUndefined();
    await expect(checkBeforeDownload('wasm', none)).resolves.toBeUndefined();
  });
});
