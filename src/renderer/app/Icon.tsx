/**
 * The handful of line icons the shell uses, inline so nothing is fetched. Decorative: the
 * buttons carry their own text or aria-label.
 */
const PATHS = {
  search: 'M10.5 4a6.5 6.5 0 1 0 4.03 11.6l4.43 4.44 1.42-1.42-4.44-4.43A6.5 6.5 0 0 0 10.5 4Zm0 2a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9Z',
  upload: 'M12 3 7 8l1.4 1.4L11 6.8V15h2V6.8l2.6 2.6L17 8l-5-5ZM5 17v3h14v-3h-2v1H7v-1H5Z',
  download: 'M11 3v8.2L8.4 8.6 7 10l5 5 5-5-1.4-1.4-2.6 2.6V3h-2ZM5 17v3h14v-3h-2v1H7v-1H5Z',
  layers: 'm12 3-9 5 9 5 9-5-9-5Zm0 2.3L17 8l-5 2.7L7 8l5-2.7ZM4.2 11.3 3 12l9 5 9-5-1.2-.7L12 15.3l-7.8-4ZM4.2 15.3 3 16l9 5 9-5-1.2-.7L12 19.3l-7.8-4Z',
  reset: 'M12 5a7 7 0 1 1-6.93 8h2.02A5 5 0 1 0 12 7H9.8l2.1 2.1-1.4 1.4L6 6l4.5-4.5 1.4 1.4L9.8 5H12Z',
  close: 'M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6 6.4 5Z',
  phone: 'M7 3h3l1.5 4.5-2 1.5a11 11 0 0 0 5.5 5.5l1.5-2L21 14v3a2 2 0 0 1-2 2A16 16 0 0 1 5 5a2 2 0 0 1 2-2Z',
  chevron: 'm9 6 6 6-6 6-1.4-1.4 4.6-4.6-4.6-4.6L9 6Z',
  patrol: 'M13 4a2 2 0 1 1-4 0 2 2 0 0 1 4 0Zm-3.5 3h3l2 4 3 1-.6 1.9-3.8-1.3-.8-1.6-1 3.6 2.7 3V22h-2v-3.5l-2.8-3-1.2 4.5-2 6H5l2.3-7L9.5 7Z',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 2a7 7 0 1 1 0 14 7 7 0 0 1 0-14Zm-1 2v6l5 3 1-1.7-4-2.4V7h-2Z',
  building: 'M4 21V6l8-3 8 3v15h-6v-5h-4v5H4Zm4-12v2h2V9H8Zm6 0v2h2V9h-2Zm-6 4v2h2v-2H8Zm6 0v2h2v-2h-2Z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
