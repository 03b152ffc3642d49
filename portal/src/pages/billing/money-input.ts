/** `2,55` or `-12.5` kroner → øre; null when it is not an amount. */
export function parseKroner(text: string): number | null {
  const cleaned = text.replace(/\s|kr/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}
