import { describe, expect, it } from 'vitest';
import { colourName, percent, transparencyFact } from './image-facts.js';

describe('where the model sees other pixels than the browser shows', () => {
  it('reports nothing for an opaque image', () => {
    expect(transparencyFact([1, 2, 3, 255, 4, 5, 6, 255], [1, 2, 3, 4, 5, 6])).toBeUndefined();
  });

  it('gives the share of see-through pixels and the mean colour the model gets under them', () => {
    const displayed = [0, 0, 0, 0, 10, 10, 10, 128, 7, 7, 7, 255, 9, 9, 9, 255];
    const model = [0, 0, 0, 20, 40, 60, 7, 7, 7, 9, 9, 9];
    expect(transparencyFact(displayed, model)).toEqual({ share: 0.5, colour: [10, 20, 30] });
  });

  it('names black and white, and writes other colours as hex', () => {
    const words = { black: 'black', white: 'white' };
    expect(colourName([0, 3, 8], words)).toBe('black');
    expect(colourName([255, 250, 247], words)).toBe('white');
    expect(colourName([10, 20, 30], words)).toBe('#0a141e');
  });

  it('never rounds a few pixels to 0% or most of them to 100%', () => {
    expect(percent(0.001)).toBe('<1%');
    expect(percent(0.999)).toBe('99%');
    expect(percent(1)).toBe('100%');
    expect(percent(0.25)).toBe('25%');
  });
});
