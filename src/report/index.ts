/** Report formats by name; JSON is the report object itself. */
import type { Paint } from '../cli/io.js';
import { stableStringify } from '../core/json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { Report } from './model.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: Report, format: ReportFormat, paint: Paint): string {
  switch (format) {
    case 'text':
      return renderText(report, paint);
    case 'json':
      return stableStringify(report);
    case 'sarif':
      return renderSarif(report);
    case 'junit':
      return renderJunit(report);
    case 'markdown':
      return renderMarkdown(report);
  }
}

export { buildReport, type Report } from './model.js';
