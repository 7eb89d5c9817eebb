/** One measured figure of `npm run bench`: what, how much, against which target, and how it was measured. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
  detail?: string;
}
