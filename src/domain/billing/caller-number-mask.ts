/**
 * Masks a caller number for reports: every digit becomes `x` except, for an
 * international number, the `+` and the two digits after it (the country
 * region), and the last two digits. Separators are kept.
 * `+4791234123` → `+47xxxxxx23`, `91234123` → `xxxxxx23`. Null (withheld) stays null.
 */
export function maskCallerNumber(number: string | null): string | null {
  if (number === null) return null;
  const digitCount = countDigits(number);
  // A short number would be almost fully visible with both ends kept.
  const keepLeading = number.startsWith('+') && digitCount > 6 ? 2 : 0;
  let seen = 0;
  let masked = '';
  for (const char of number) {
    if (char >= '0' && char <= '9') {
      seen += 1;
      const visible = seen <= keepLeading || seen > digitCount - 2;
      masked += visible ? char : 'x';
    } else {
      masked += char;
    }
  }
  return masked;
}

function countDigits(text: string): number {
  let count = 0;
  for (const char of text) if (char >= '0' && char <= '9') count += 1;
  return count;
}
