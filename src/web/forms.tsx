/** Form parts shared by every page with a form: notices, labelled fields with their errors. */
import type { Child } from "hono/jsx";
import { CsrfField } from "./layout.tsx";

export function Notice({ kind, children }: { kind: "info" | "ok" | "error"; children: Child }) {
  return (
    <div class={`utrecht-alert utrecht-alert--${kind} koers-notice`} role={kind === "error" ? "alert" : "status"}>
      <div class="utrecht-alert__message">{children}</div>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  /** The control's id, when a page has the same field more than once (one form per row); `veld-NAME` otherwise. */
  id?: string | undefined;
}

/** Label, hint and error around a control, wired up with ids so the error is announced with the field. */
function Labelled(props: FieldProps & { control: (aria: { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string }) => Child }) {
  const id = props.id ?? `veld-${props.name}`;
  const described = [props.hint && `${id}-uitleg`, props.error && `${id}-fout`].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="utrecht-paragraph koers-note" id={`${id}-uitleg`}>
          {props.hint}
        </p>
      )}
      {props.control({ id, ...(props.error && { "aria-invalid": "true" as const }), ...(described && { "aria-describedby": described }) })}
      {props.error && (
        <p class="koers-field-error" id={`${id}-fout`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** A labelled input. */
export function Field(props: FieldProps & { type?: string; autocomplete?: string; required?: boolean }) {
  return (
    <Labelled
      {...props}
      control={(aria) => (
        <input
          {...aria}
          name={props.name}
          type={props.type ?? "text"}
          value={props.value}
          autocomplete={props.autocomplete}
          required={props.required ?? true}
        />
      )}
    />
  );
}

/** A labelled multi-line text field. */
export function TextArea(props: FieldProps & { rows?: number }) {
  return (
    <Labelled
      {...props}
      control={(aria) => (
        <textarea {...aria} name={props.name} rows={props.rows ?? 4}>
          {props.value ?? ""}
        </textarea>
      )}
    />
  );
}

/** A labelled choice from a short list. */
export function Select(props: FieldProps & { options: readonly { value: string; label: string }[] }) {
  return (
    <Labelled
      {...props}
      control={(aria) => (
        <select {...aria} name={props.name}>
          {props.options.map((o) => (
            <option value={o.value} selected={o.value === props.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** One choice out of a few, as radio buttons in a fieldset whose legend asks the question; hint and error as with a field. */
export function Radios(props: {
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}) {
  const id = `veld-${props.name}`;
  const described = [props.hint && `${id}-uitleg`, props.error && `${id}-fout`].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset {...(described && { "aria-describedby": described })}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="utrecht-paragraph koers-note" id={`${id}-uitleg`}>
          {props.hint}
        </p>
      )}
      {props.options.map((o) => (
        <div class="koers-checkbox">
          <input type="radio" id={`${id}-${o.value}`} name={props.name} value={o.value} checked={o.value === props.value} required={props.required} />{" "}
          <label for={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
      {props.error && (
        <p class="koers-field-error" id={`${id}-fout`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** A section of a page that is one form: a heading (`id` names the section), the form's fields and its button. */
export function FormSection(props: { id: string; heading: string; action: string; submit: string; notice?: Child; children: Child }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 class="utrecht-heading-2" id={props.id}>
        {props.heading}
      </h2>
      {props.notice}
      <form method="post" action={props.action} class="koers-form">
        <CsrfField />
        {props.children}
        <button type="submit" class="koers-button">
          {props.submit}
        </button>
      </form>
    </section>
  );
}

/** A form's submit button, and the link that leaves the form without saving. */
export function SubmitOrCancel({ label = "Opslaan", cancel }: { label?: string; cancel: string }) {
  return (
    <div>
      <button type="submit" class="koers-button">
        {label}
      </button>{" "}
      <a class="utrecht-link" href={cancel}>
        Annuleren
      </a>
    </div>
  );
}

/** A checkbox with its label after it. */
export function Checkbox(props: { name: string; value: string; label: string; checked: boolean; id?: string }) {
  const id = props.id ?? `veld-${props.name}`;
  return (
    <div class="koers-checkbox">
      <input type="checkbox" id={id} name={props.name} value={props.value} checked={props.checked} />{" "}
      <label for={id} class="koers-inline-label">
        {props.label}
      </label>
    </div>
  );
}

/**
 * The notice above a form the service refused: what happened, and the problems that
 * have no field of their own on the form (the others stand next to their field).
 */
export function ProblemNotice({ summary, other = [] }: { summary: string; other?: readonly string[] }) {
  return (
    <Notice kind="error">
      {summary}
      {other.length > 0 && (
        <ul class="utrecht-unordered-list">
          {other.map((message) => (
            <li class="koers-problem">{message}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
