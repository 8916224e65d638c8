// Writes the `apache.rules` setting's schema (one property per rule id) into package.json, and
// the `.httpd-lint.json` schema into schemas/httpd-lint.schema.json.
// Run after adding or renaming a rule: npm run generate:rules-schema
import * as fs from 'fs';
import * as path from 'path';
import { rulesSettingSchema } from '../server/src/rules/settings-schema';
import { configFileSchema } from '../server/src/service/config-schema';

const file = path.join(__dirname, '..', 'package.json');
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
// The setting's own description is localizable: its English text goes to package.nls.json.
const schema = rulesSettingSchema();
const NLS_KEY = 'configuration.rules.markdownDescription';
const nlsFile = path.join(__dirname, '..', 'package.nls.json');
const nls = JSON.parse(fs.readFileSync(nlsFile, 'utf8'));
nls[NLS_KEY] = schema.markdownDescription;
fs.writeFileSync(nlsFile, `${JSON.stringify(nls, null, 2)}\n`);
pkg.contributes.configuration.properties['apache.rules'] = { ...schema, markdownDescription: `%${NLS_KEY}%` };
fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`apache.rules: ${Object.keys(pkg.contributes.configuration.properties['apache.rules'].properties).length} rule ids`);
const schemaFile = path.join(__dirname, '..', 'schemas', 'httpd-lint.schema.json');
fs.mkdirSync(path.dirname(schemaFile), { recursive: true });
fs.writeFileSync(schemaFile, `${JSON.stringify(configFileSchema(), null, 2)}\n`);
console.log(`${path.relative(path.join(__dirname, '..'), schemaFile)} written`);
