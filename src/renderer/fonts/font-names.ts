/** `text-font` names the map style declares in `font-faces` (see map-fonts.ts). */
export const MAP_FONT_NAMES = {
  sansRegular: 'Noto Sans Regular',
  sansBold: 'Noto Sans Bold',
  scRegular: 'Noto Sans SC Regular',
  scBold: 'Noto Sans SC Bold',
} as const;

/** Font stacks for `text-font`: Latin from Noto Sans, Chinese from Noto Sans SC. */
export const MAP_FONT_STACKS = {
  regular: [MAP_FONT_NAMES.sansRegular, MAP_FONT_NAMES.scRegular],
  bold: [MAP_FONT_NAMES.sansBold, MAP_FONT_NAMES.scBold],
} as const;
