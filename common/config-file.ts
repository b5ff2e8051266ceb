import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { assertNotWritableByOthers } from "../certs/private-file.js";
import { KNOWN_DEPLOYMENT_KEYS, RECOGNISED_UNUSED_KEYS } from "./deployment-settings.js";
import { parseProperties, PropertiesSyntaxError, type PropertiesFile } from "./properties-file.js";
import { fileKeys, keyUsedIn, loadSettings, SettingsError, type Setting, type SettingsOf, type SettingsSchema } from "./settings.js";

/** Names the deployment file when the command line does not. */
const CONFIG_FILE_ENV = "DCVSM_BROKER_CONFIG";

/** The deployment file (session-manager-broker.properties), parsed. */
export interface ConfigFile extends PropertiesFile {
  path: string;
}

export interface LoadedSettings<S extends SettingsSchema> {
  settings: SettingsOf<S>;
  /** The file read, if any. */
  configFile: string | undefined;
  /** What is odd about the file but does not stop the process, one line each, for the caller to log. */
  warnings: string[];
}

export interface LoadOptions {
  /** The process's arguments (process.argv.slice(2)); the only one accepted is --config <file>. */
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Settings from defaults, under the deployment file (--config, else
 * $DCVSM_BROKER_CONFIG, else none), under environment variables. Throws a
 * SettingsError for bad arguments, an unreadable file or bad values, and an
 * InsecureFileError for a file others may write.
 */
export function loadDeploymentSettings<S extends SettingsSchema>(schema: S, options: LoadOptions = {}): LoadedSettings<S> {
  const env = options.env ?? process.env;
  const file = findConfigFile(options.args ?? [], env);
  const settings = loadSettings(schema, { file: file?.values, fileName: file?.path, fileLines: file?.lines, env });
  return { settings, configFile: file?.path, warnings: file === undefined ? [] : configFileWarnings(file, schema) };
}

/** The deployment file --config in `args` names, else $DCVSM_BROKER_CONFIG; undefined when neither does. */
export function findConfigFile(args: readonly string[], env: NodeJS.ProcessEnv): ConfigFile | undefined {
  const path = configFilePath(args, env);
  return path === undefined ? undefined : readConfigFile(path);
}

function configFilePath(args: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  try {
    const { values } = parseArgs({ args: [...args], options: { config: { type: "string" } }, strict: true });
    return values.config ?? (env[CONFIG_FILE_ENV] || undefined);
  } catch (error) {
    throw new SettingsError([`${(error as Error).message}; the only argument is --config <file>`]);
  }
}

function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new SettingsError([`cannot read the configuration file ${path}: ${(error as Error).message}`]);
  }
  assertNotWritableByOthers(path);
  try {
    return { path, ...parseProperties(text) };
  } catch (error) {
    if (error instanceof PropertiesSyntaxError) throw new SettingsError([`${path}:${error.line}: ${error.message}`]);
    throw error;
  }
}

/**
 * Environment variables that give a child process `choices` as defaults
 * under the deployment file: since variables override the file, a setting
 * the file sets gets none.
 */
export function defaultsUnder(
  file: ConfigFile | undefined,
  choices: ReadonlyArray<readonly [Setting<unknown>, string | number]>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [setting, value] of choices) {
    if (setting.env === undefined) throw new Error(`${setting.key} has no environment variable`);
    if (file === undefined || keyUsedIn(setting, file.values) === undefined) env[setting.env] = String(value);
  }
  return env;
}

function configFileWarnings(file: ConfigFile, schema: SettingsSchema): string[] {
  const at = (key: string) => `${file.path}:${file.lines.get(key)}`;
  const warnings = file.duplicates.map(
    ({ key, line, previousLine }) => `${file.path}:${line}: "${key}" is set again (first on line ${previousLine}); the last value is used`,
  );
  for (const key of file.values.keys()) {
    if (RECOGNISED_UNUSED_KEYS.has(key)) warnings.push(`${at(key)}: "${key}" is recognised but not used by this implementation`);
    else if (!KNOWN_DEPLOYMENT_KEYS.has(key)) warnings.push(`${at(key)}: unknown key "${key}" is ignored`);
  }
  for (const setting of Object.values(schema)) {
    const [used, ...ignored] = fileKeys(setting).filter((key) => file.values.has(key));
    if (used === undefined) continue;
    if (used === setting.deprecatedKey?.key) warnings.push(`${at(used)}: "${used}" is deprecated; use "${setting.key}"`);
    for (const key of ignored) {
      warnings.push(`${at(key)}: "${key}" is ignored: "${used}" (line ${file.lines.get(used)}) sets the same setting`);
    }
  }
  return warnings;
}
