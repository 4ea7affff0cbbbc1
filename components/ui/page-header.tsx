import s from "./ui.module.css";

export function PageHeader({ title, lead, children }: { title: string; lead?: string; children?: React.ReactNode }) {
  return (
    <header className={s.pageHeader}>
      <div>
        <h1 className={s.pageTitle}>{title}</h1>
        {lead && <p className={s.pageLead}>{lead}</p>}
      </div>
      {children}
    </header>
  );
}
