const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The value of a plain decimal such as `2`, `-0.5` or `1024E6` (possibly ±Infinity when the exponent
 * is huge), or undefined for anything else: no hex, no `Infinity`, no surrounding spaces.
 */
export function decimalValue(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}
