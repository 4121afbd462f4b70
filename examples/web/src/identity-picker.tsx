import { useState } from 'preact/hooks'
import { USER_ID_PATTERN } from './session'

/** Who the page acts as: the demo's stand-in for signing in, said plainly. */
export function IdentityPicker({
  userId,
  onSwitch,
}: {
  readonly userId: string
  readonly onSwitch: (next: string) => void
}) {
  const [draft, setDraft] = useState(userId)
  const valid = USER_ID_PATTERN.test(draft)
  return (
    <form
      class="identity"
      onSubmit={(event) => {
        event.preventDefault()
        if (valid && draft !== userId) onSwitch(draft)
      }}
    >
      <label for="identity">Demo user</label>
      <div class="identity-row">
        <input
          id="identity"
          name="identity"
          value={draft}
          autocomplete="off"
          spellcheck={false}
          maxLength={128}
          aria-describedby="identity-note"
          aria-invalid={!valid}
          onInput={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" disabled={!valid || draft === userId}>
          Switch
        </button>
      </div>
      <p id="identity-note" class="note">
        Demo: you are <strong data-user={userId}>{userId}</strong>, sent as the <code>X-User-Id</code> header in place
        of a real sign-in. Any name works; another tab can be another user.
      </p>
    </form>
  )
}
