/** Report ids are their creation time, sortable and safe as file names (`2026-11-24T10-00-00-000Z`). */
export const reportId = (date: Date): string => date.toISOString().replace(/[:.]/g, '-');
