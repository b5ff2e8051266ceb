/** Drops undefined and empty-string members, so absent facts are absent keys. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined && member !== "")) as T;
}

/** The name of a protobuf enum value; the zero value (UNSPECIFIED) is absent. */
export function enumName<E extends Record<number, string>>(names: E, value: number): string | undefined {
  return value === 0 ? undefined : names[value];
}
