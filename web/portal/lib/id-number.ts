/** The GB 11643 checksum and phone rules, shared with the server (pure domain module). */
export { isValidIdNumber, isValidPhone, maskIdNumber, maskPhone } from '../../../src/domain/identity/id-number.js';
