export type JsonScalar = string | number | boolean;

/**
 * A list of flat objects laid out as the original CLI (Jackson's default
 * pretty printer) prints it: `[ {`, `  "key" : value`, `}, {`, `} ]`.
 */
export function jacksonList(items: readonly Record<string, JsonScalar>[]): string {
  if (items.length === 0) return "[ ]";
  const objects = items.map((item) => {
    const fields = Object.entries(item).map(([key, value]) => `  ${JSON.stringify(key)} : ${JSON.stringify(value)}`);
    return `{\n${fields.join(",\n")}\n}`;
  });
  return `[ ${objects.join(", ")} ]`;
}
