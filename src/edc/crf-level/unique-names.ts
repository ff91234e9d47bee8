/** Unique zip entry names: `a.csv`, then `a_2.csv`, … when two names sanitise alike. */
export function uniqueNames() {
  const used = new Set<string>();
  return (base: string) => {
    let name = `${base}.csv`;
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base}_${i}.csv`;
    used.add(name.toLowerCase());
    return name;
  };
}
