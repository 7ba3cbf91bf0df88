// @swsl/registry README: look a variant up by its old timm alias, count its parameters, read a label.
import { countParameters, labels, resolveVariant } from '@swsl/registry';

const v = resolveVariant('swsl_resnext101_32x8d');
const params = countParameters(v.archSpec);
if (v.name !== 'resnext101_32x8d_swsl') throw new Error(`resolveVariant gave ${v.name}`);
if (params !== 88_791_336) throw new Error(`countParameters gave ${params}`);
if (labels[207]?.name !== 'golden retriever') throw new Error(`labels[207] is ${labels[207]?.name}`);
console.log(`${v.name}: ${params} parameters, ${v.weights.fileName}; labels[207] = ${labels[207].name}`);
