import s from "./ui.module.css";

export function Card(props: {
  title: string;
  description?: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
  wide?: boolean;
  id?: string;
}) {
  const headingId = props.id ?? `card-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section className={`${s.card} ${props.wide ? s.wide : ""}`} aria-labelledby={headingId}>
      <div className={s.cardHeader}>
        <div>
          <h2 className={s.cardTitle} id={headingId}>
            {props.title}
          </h2>
          {props.description && <p className={s.cardDescription}>{props.description}</p>}
        </div>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

/** The same box, shimmering, at the height the content will have: nothing jumps when data arrives. */
export function CardSkeleton({ title, height = 160, wide }: { title: string; height?: number; wide?: boolean }) {
  return (
    <Card title={title} wide={wide}>
      <div className={s.skeleton} style={{ height }} aria-busy="true" aria-label={`Loading ${title.toLowerCase()}`} />
    </Card>
  );
}
