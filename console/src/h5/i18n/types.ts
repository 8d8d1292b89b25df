import type en from './en';

/** Every translation has exactly the English table's keys, with any strings. */
type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
export type Strings = DeepStrings<typeof en>;

/** Dotted paths to the strings: 'login.submit', 'points.kinds.earn'… */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type Key = Leaves<typeof en>;
