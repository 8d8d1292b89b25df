/** Turns a table of English strings into the shape every translation must match: same keys, any strings. */
export type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
