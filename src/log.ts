/**
 * The process logger: pino, JSON to stderr (stdout belongs to the CLI's output), with secrets and
 * answer text redacted wherever they appear in a logged object.
 */
import pino, { type Logger as PinoLogger } from 'pino';

export const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'apiKey',
  'clientSecret',
  'authorization',
  'answer',
  'text',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.apiKey',
  '*.clientSecret',
  '*.authorization',
  '*.answer',
  '*.text',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(level: string = 'info', destination: pino.DestinationStream = pino.destination(2)): PinoLogger {
  return pino(
    {
      level,
      base: { app: 'fde-coach' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
