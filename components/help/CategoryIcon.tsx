import {
  BookOpen,
  Code2,
  CreditCard,
  HandCoins,
  KeyRound,
  LifeBuoy,
  Package,
  Receipt,
  Rocket,
  Settings,
  ShieldCheck,
  ShoppingCart,
  Undo2,
  Users,
  Wallet,
  Webhook,
  type LucideIcon,
} from 'lucide-react';

const rules: [RegExp, LucideIcon][] = [
  [/refund|dispute|chargeback|return/, Undo2],
  [/payout|withdraw|bank|balance/, Wallet],
  [/security|account|auth|login|password|2fa|privacy/, ShieldCheck],
  [/webhook|event/, Webhook],
  [/develop|api|sdk|code|integrat/, Code2],
  [/getting|start|intro|onboard|quick/, Rocket],
  [/payment|card|checkout|charge/, CreditCard],
  [/invoice|billing|tax|receipt/, Receipt],
  [/subscription|pricing|plan|benefit/, HandCoins],
  [/product|catalog|inventory/, Package],
  [/order|cart|store|shop/, ShoppingCart],
  [/customer|user|team|member|organi/, Users],
  [/key|token|credential/, KeyRound],
  [/setting|config|admin/, Settings],
  [/support|help|faq|troubleshoot/, LifeBuoy],
];

/** A fitting icon for a category, picked from words in its slug and name. */
export function CategoryIcon({ slug, name, className }: { slug: string; name: string; className?: string }) {
  const key = `${slug} ${name}`.toLowerCase();
  const Icon = rules.find(([re]) => re.test(key))?.[1] ?? BookOpen;
  return <Icon className={className} aria-hidden="true" />;
}
