/**
 * Run before every test file (vitest.config.ts setupFiles): every server a test builds compares its
 * JSON answers with what the handlers returned (MINSHENG_CHECK_RESPONSES=1, set in vitest.config.ts).
 * The product reads the variable only through its configuration (src/config/config.ts) in main.ts.
 */
import { setResponseChecksByDefault } from '../../src/http/serialization.js';

setResponseChecksByDefault(process.env.MINSHENG_CHECK_RESPONSES === '1');
