/** A command's own refusal, worded for the person at the command line: printed as it is, exit code 1 (nothing was changed). */
export class Refused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Refused";
  }
}
