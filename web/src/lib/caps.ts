// useCaps gives components the server's capabilities once known.
import { useEffect, useState } from 'preact/hooks';
import { caps, type Capabilities } from './api';

/** useCaps returns the capabilities, undefined until the server answered. */
export function useCaps(): Capabilities | undefined {
  const [c, setC] = useState<Capabilities>();
  useEffect(() => void caps().then(setC), []);
  return c;
}
