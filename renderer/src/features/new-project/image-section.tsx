import { useState, type ReactElement } from 'react';
import { errorMessage } from '../../api/api-error';
import { imageFacts, imageTags, type ImageFacts } from '../../api/registry-calls';
import { Field } from './form-field';
import { defaultName, prefill, type FieldErrors, type ProjectForm } from './project-form';

export interface ImageSectionProps {
  readonly form: ProjectForm;
  readonly errors: FieldErrors;
  readonly onChange: (f: ProjectForm) => void;
  readonly tag: string;
  readonly onTag: (tag: string) => void;
}

/** Image reference, the registry's tags, and what the chosen tag's config says (ports, health check). */
export function ImageSection({ form, errors, onChange, tag, onTag }: ImageSectionProps): ReactElement {
  const [tags, setTags] = useState<readonly string[] | null>(null);
  const [lookedUp, setLookedUp] = useState('');
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [facts, setFacts] = useState<ImageFacts | null>(null);

  const findTags = async (): Promise<void> => {
    const image = form.image.trim();
    if (image === '' || image === lookedUp) return;
    setLookedUp(image);
    setLookupError(null);
    setTags(null);
    setFacts(null);
    try {
      const found = await imageTags(image);
      setTags(found);
      const first = found[0];
      if (first !== undefined) await choose(first);
    } catch (e) {
      setLookupError(errorMessage(e));
    }
  };

  const choose = async (t: string): Promise<void> => {
    onTag(t);
    if (t === '') return;
    try {
      const f = await imageFacts(form.image.trim(), t);
      setFacts(f);
      onChange(prefill(form, f));
    } catch (e) {
      setLookupError(errorMessage(e));
    }
  };

  return (
    <section className="card form-section" aria-labelledby="np-image">
      <h2 id="np-image">Image</h2>
      <div className="grid-2">
        <Field label="Image repository" error={errors['image']} help="Without a tag, e.g. localhost:5000/acme/web. Tags are read from its registry.">
          {(a) => (
            <input
              {...a}
              type="text"
              className="mono"
              value={form.image}
              placeholder="localhost:5000/acme/web"
              onChange={(e) => onChange({ ...form, image: e.target.value })}
              onBlur={() => void findTags()}
              onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), void findTags())}
            />
          )}
        </Field>
        <Field label="Tag" error={lookupError ?? undefined} help={tags === null ? 'Enter the image to list its tags.' : `${String(tags.length)} ${tags.length === 1 ? 'tag' : 'tags'} in the registry.`}>
          {(a) => (
            <select {...a} value={tag} disabled={tags === null} onChange={(e) => void choose(e.target.value)}>
              <option value="">(do not deploy yet)</option>
              {(tags ?? []).map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Project name" error={errors['name']} help={`Defaults to “${defaultName(form.image) || 'the image name'}”.`}>
          {(a) => <input {...a} type="text" value={form.name} placeholder={defaultName(form.image)} onChange={(e) => onChange({ ...form, name: e.target.value })} />}
        </Field>
      </div>
      {facts && (
        <p className="muted" aria-live="polite">
          From the image: {facts.exposedPorts.length > 0 ? `EXPOSE ${facts.exposedPorts.join(', ')}` : 'no EXPOSE'} · {facts.hasHealthcheck ? 'has a HEALTHCHECK' : 'no HEALTHCHECK'}
          {facts.created !== null && ` · built ${new Date(facts.created).toLocaleString()}`}
        </p>
      )}
    </section>
  );
}
