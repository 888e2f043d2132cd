/**
 * GB/T 9704-2012 (党政机关公文格式) as numbers, shared by the .docx and the PDF renderer so the two
 * files lay a document out alike: A4, the margins that give the 156 × 225 mm 版心, 三号 body on a
 * fixed 28 pt line (22 lines of 28 characters), 二号 title, red 发文机关标志 and separator.
 */
export const MM = 72 / 25.4; // points per millimetre

export const PAGE = { widthMm: 210, heightMm: 297, topMm: 37, bottomMm: 35, leftMm: 28, rightMm: 26 } as const;
/** The 版心's width in points (156 mm). */
export const TEXT_WIDTH_PT = (PAGE.widthMm - PAGE.leftMm - PAGE.rightMm) * MM;

/** The print page's red (web/staff/print.css), so paper and files match. */
export const RED = 'C4151C';

/** Font names as Word/WPS on an official's PC know them (named in the .docx, not embedded). */
export const FONTS = { title: '方正小标宋简体', body: '仿宋_GB2312', pageNumber: '宋体' } as const;

export const SIZE_PT = {
  title: 22, // 二号
  body: 16, // 三号
  pageNumber: 14, // 四号
} as const;
/** Fixed line spacing of the body. */
export const LINE_PT = 28;
/** First-line indent: two characters of 三号. */
export const INDENT_PT = 2 * SIZE_PT.body;

/**
 * The masthead (发文机关标志) as large as the 版心's width allows, at most 36 pt: the standard sets no
 * size but "醒目、美观、庄重", and an organ's full name must stay on one line.
 */
export function mastheadSizePt(name: string): number {
  const chars = Math.max(Array.from(name).length, 1);
  return Math.max(16, Math.min(36, Math.floor((TEXT_WIDTH_PT - 8) / chars)));
}

/** A text's width in ems: Chinese characters one, ASCII (the date's digits) half. */
export function ems(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return n;
}

/**
 * 发文机关署名 centred over the 成文日期, the date four characters from the right margin
 * (§7.3.5.1): the right indent of each, in points.
 */
export function signatureIndentsPt(organ: string, date: string): { organ: number; date: number } {
  const dateRight = 4 * SIZE_PT.body;
  const organRight = dateRight + ((ems(date) - ems(organ)) / 2) * SIZE_PT.body;
  return { organ: Math.max(0, organRight), date: dateRight };
}

/** 页码: "— 1 —", odd pages right and even pages left, one character from the edge (§7.5). */
export const pageNumberText = (n: number): string => `— ${n} —`;
