export { CliError, EXIT } from '../errors.js';
