/** Form parts shared by every page with a form: notices, labelled fields with their errors. */
import type { Child } from "hono/jsx";

export function Notice({ kind, children }: { kind: "info" | "ok" | "error"; children: Child }) {
  return (
    <div class={`utrecht-alert utrecht-alert--${kind} koers-notice`} role={kind === "error" ? "alert" : "status"}>
      <div class="utrecht-alert__message">{children}</div>
    </div>
  );
}

/** A labelled input; its error, if any, is announced with the field. */
export function Field(props: {
  name: string;
  label: string;
  type?: string;
  value?: string;
  error?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
}) {
  const id = `veld-${props.name}`;
  const described = [props.hint && `${id}-uitleg`, props.error && `${id}-fout`].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="utrecht-paragraph koers-note" id={`${id}-uitleg`}>
          {props.hint}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described}
      />
      {props.error && (
        <p class="koers-field-error" id={`${id}-fout`}>
          {props.error}
        </p>
      )}
    </div>
  );
}


/** A labelled multi-line text field. */
export function TextArea(props: { name: string; label: string; value?: string; error?: string | undefined; hint?: string; rows?: number }) {
  const id = `veld-${props.name}`;
  const described = [props.hint && `${id}-uitleg`, props.error && `${id}-fout`].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="utrecht-paragraph koers-note" id={`${id}-uitleg`}>
          {props.hint}
        </p>
      )}
      <textarea id={id} name={props.name} rows={props.rows ?? 4} aria-invalid={props.error ? "true" : undefined} aria-describedby={described}>
        {props.value ?? ""}
      </textarea>
      {props.error && (
        <p class="koers-field-error" id={`${id}-fout`}>
          {props.error}
        </p>
      )}
    </div>
  );
}
