/** A Koers server in a process of its own, for tests of several processes: prints its port, stops on SIGTERM. */
import { startServer } from "../../src/main.ts";

const { port, stop } = await startServer();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.once("SIGTERM", () => void stop().then(() => process.exit(0)));
