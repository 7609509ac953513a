/** A browser-like client for app.request(): keeps cookies and sends the CSRF token with forms. */
import { CSRF_COOKIE } from "../../src/web/auth.ts";

interface Requester {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export function client(app: Requester, origin = "http://localhost") {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      if (/max-age=0/i.test(line) || value === "") jar.delete(name!.trim());
      else jar.set(name!.trim(), value);
    }
    return res;
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return {
    jar,
    cookie: (name: string) => jar.get(name),
    async get(path: string, headers: Record<string, string> = {}) {
      return remember(await app.request(path, { headers: { cookie: cookieHeader(), ...headers } }));
    },
    /** Posts a form the way a Koers page does: with the CSRF token, unless `csrf: false`. */
    async post(path: string, form: Record<string, string | string[]>, options: { csrf?: boolean; origin?: string } = {}) {
      if (!jar.has(CSRF_COOKIE)) await this.get("/inloggen");
      const body = new URLSearchParams(options.csrf === false ? {} : { _csrf: jar.get(CSRF_COOKIE)! });
      for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v);
      return remember(
        await app.request(path, {
          method: "POST",
          body,
          headers: {
            cookie: cookieHeader(),
            "content-type": "application/x-www-form-urlencoded",
            origin: options.origin ?? origin,
          },
        }),
      );
    },
  };
}
