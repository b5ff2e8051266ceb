export interface Size {
  width: number;
  height: number;
}

/**
 * The largest size that fits within maxWidth×maxHeight with the display's aspect ratio, never larger
 * than the display (DCV caps screenshots at the session resolution). A maximum of 0 means none.
 */
export function fitWithin(display: Size, maxWidth: number, maxHeight: number): Size {
  const ratio = (max: number, side: number) => (max === 0 ? 1 : max / side);
  const scale = Math.min(1, ratio(maxWidth, display.width), ratio(maxHeight, display.height));
  return {
    width: Math.max(1, Math.round(display.width * scale)),
    height: Math.max(1, Math.round(display.height * scale)),
  };
}
