// next-auth's own authorize and jwt callback, called as its handler calls
// them, as if through the front door (server.ts) from `address`.
import { authOptions } from "@/lib/auth/options";
import { FRONT_DOOR_MARK, CLIENT_ADDRESS_HEADER } from "@/lib/front-door/client-address";

type Authorize = (input: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown>;
const { authorize } = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options;

// eslint-disable-next-line no-restricted-properties -- as server.ts does: the client address header is its own
process.env[FRONT_DOOR_MARK] = "1";

export type SignedIn = { id: string; email: string; sid: string };

export const signInAttempt = (
  email: string,
  password: string,
  from: { address: string; cookie?: string; userAgent?: string },
) =>
  authorize(
    { email, password },
    {
      headers: { [CLIENT_ADDRESS_HEADER]: from.address, cookie: from.cookie ?? "", "user-agent": from.userAgent ?? "" },
    },
  ) as Promise<SignedIn | null>;

/** The jwt callback on a later request carrying this sign-in's cookie: throws once the session has ended. */
export async function refresh(signedIn: SignedIn): Promise<void> {
  const jwt = authOptions.callbacks!.jwt! as (p: { token: Record<string, unknown> }) => Promise<unknown>;
  await jwt({ token: { uid: Number(signedIn.id), sid: signedIn.sid } });
}
