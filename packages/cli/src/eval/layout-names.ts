/** How a validation set says which class each image is (declared apart from the readers, for `swsl --help`). */
export const LAYOUTS = ['imagefolder', 'loc-csv', 'devkit', 'csv'] as const;
export type Layout = (typeof LAYOUTS)[number];
