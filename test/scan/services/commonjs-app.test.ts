import { describe, expect, test } from 'vitest';
import { commonJsApp as files } from '../../fixtures/services/commonjs-app.js';
import { expected, scan } from './helpers.js';

describe('services of a CommonJS Express app', () => {
  const { services, problems } = scan(files);

  test('reads require, module.exports and exports.x like imports and exports', () => {
    expect(services).toEqual(
      expected(files, [
        ['DbClient', 'integration', 'src/db/index.js', 'const pool = new Pool', [], ['postgres']],
        // Through the CommonJS barrel in services/index.js.
        ['DigestJob', 'job', 'src/jobs/digest.js', 'cron.schedule(', ['UserService'], []],
        ['ErrorMiddleware', 'middleware', 'src/middlewares/error.js', 'const errorConverter', [], []],
        ['ValidateMiddleware', 'middleware', 'src/middlewares/validate.js', 'module.exports = (schema)', [], []],
        ['UserRepository', 'repository', 'src/repositories/userRepository.js', 'class UserRepository', ['DbClient'], []],
        ['PaymentService', 'service', 'src/services/paymentService.js', 'exports.charge', [], ['stripe']],
        ['UserService', 'service', 'src/services/userService.js', 'class UserService', ['MailerClient', 'UserRepository'], []],
        // In a helper folder, but its purpose is the SDK it wraps.
        ['MailerClient', 'integration', 'src/utils/mailer.js', 'async function sendEmail', [], ['nodemailer']],
      ]),
    );
    expect(problems).toEqual([]);
  });

  test('a handler wrapper, an error class, a logger, a barrel, routes, validators and the app are not services', () => {
    const files = services.map((service) => service.source?.file);
    for (const file of [
      'src/utils/catchAsync.js',
      'src/utils/ApiError.js',
      'src/utils/logger.js',
      'src/services/index.js',
      'src/routes/users.js',
      'src/validators/user.js',
      'src/app.js',
    ]) {
      expect(files).not.toContain(file);
    }
  });
});
