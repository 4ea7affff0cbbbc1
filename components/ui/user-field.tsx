// Whose rows a list shows, for those who may see everyone's: an e-mail (or a
// user id) typed with suggestions, not a menu of every account, so the page
// stays small with tens of thousands of users.
import { ui } from "./styles";

export function UserField(props: {
  label: string;
  value: string | undefined;
  suggestions: { id: number; email: string }[];
  placeholder: string;
}) {
  return (
    <label className={ui.field}>
      {props.label}
      <input
        name="user"
        type="text"
        inputMode="email"
        autoComplete="off"
        list="user-suggestions"
        defaultValue={props.value ?? ""}
        placeholder={props.placeholder}
      />
      <datalist id="user-suggestions">
        {props.suggestions.map((u) => (
          <option key={u.id} value={u.email} />
        ))}
      </datalist>
    </label>
  );
}
