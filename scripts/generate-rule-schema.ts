// Writes the `apache.rules` setting's schema (one property per rule id) into package.json.
// Run after adding or renaming a rule: npm run generate:rules-schema
import * as fs from 'fs';
import * as path from 'path';
import { rulesSettingSchema } from '../server/src/rules/settings-schema';

const file = path.join(__dirname, '..', 'package.json');
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.contributes.configuration.properties['apache.rules'] = rulesSettingSchema();
fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`apache.rules: ${Object.keys(pkg.contributes.configuration.properties['apache.rules'].properties).length} rule ids`);
