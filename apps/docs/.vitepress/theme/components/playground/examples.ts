// The repository's sample photos (samples/README.md: CC0 / public domain), emitted by Vite into the built site with
// hashed names. One click classifies them; the first is the default image.
import { SwslError } from '@swsl/registry';
import chelsea from '../../../../../../samples/chelsea.jpg?url';
import coffee from '../../../../../../samples/coffee.jpg?url';
import rocket from '../../../../../../samples/rocket.jpg?url';

export interface Example {
  /** Key into the message catalog's `exampleNames`. */
  readonly id: 'chelsea' | 'coffee' | 'rocket';
  readonly file: string;
  readonly url: string;
}

export const EXAMPLES: readonly Example[] = [
  { id: 'chelsea', file: 'chelsea.jpg', url: chelsea },
  { id: 'coffee', file: 'coffee.jpg', url: coffee },
  { id: 'rocket', file: 'rocket.jpg', url: rocket },
];

/** An example's bytes as a File named like the repository's file, so messages and the model info name it. */
export async function exampleFile(example: Example): Promise<File> {
  const response = await fetch(example.url);
  if (!response.ok) {
    throw new SwslError(
      'E_HTTP',
      `${example.url}: HTTP ${response.status} for the example ${example.file}; reload the page.`,
    );
  }
  return new File([await response.blob()], example.file, { type: 'image/jpeg' });
}
