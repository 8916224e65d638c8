// The request simulator: what httpd does with one request under a configuration model.
// Layer: between model and rules (imports model, data and parser only).

export { traceRequest } from './trace/trace';
export { diskFileView, declaredFileView } from './trace/files';
export * from './trace/types';
