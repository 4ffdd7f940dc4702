// Tables of words for values the court sends as open text (a form field's path, an ID number's
// problem code, a hearing record's kind): looked up by any string, a value without words answers
// `undefined` so the screen can fall back. Where the values form a closed set generated from Rust
// (`words<DisconnectCause>(…)`), the compiler checks that none is missing.

export type Words<K extends string> = { readonly [k in K]: string } & { readonly [other: string]: string | undefined };

export function words<K extends string>(table: Words<K>): Words<K> {
  return table;
}
