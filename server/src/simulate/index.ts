// The request simulator: what httpd does with one request under a configuration model.
// Layer: between model and rules (imports model, data and parser only).

export { traceRequest } from './trace/trace';
export { diskFileView, declaredFileView } from './trace/files';
export { passwdHomes, tableHomes, parsePasswd, type HomeLookup } from './trace/homes';
export * from './trace/types';
