/**
 * Which source files are the service: tests (the scanner's `isTestFile`), specs, fixtures, mocks
 * and end-to-end suites are not. One definition for every rule that reads code file by file.
 */
import { isTestFile } from '../../scan/code/index.js';

const NOT_SERVICE = /(?:^|\/)(?:spec|specs|fixtures?|__fixtures__|e2e|mocks?|__mocks__|cypress|playwright)\//;

export const isServiceFile = (file: string): boolean => !isTestFile(file) && !NOT_SERVICE.test(file);
