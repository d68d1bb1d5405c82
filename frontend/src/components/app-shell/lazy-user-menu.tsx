"use client";

import dynamic from "next/dynamic";
import { AccountButton } from "./account-button";

/**
 * The account menu, loaded after the page: the dropdown menu's positioning, focus and dismissal
 * code is the largest part of the signed-in frame and is not needed to draw it. Until it arrives,
 * the same button stands in, disabled, so nothing can be pressed that would not respond.
 */
export const UserMenu = dynamic(() => import("./user-menu").then((module) => module.UserMenu), {
  ssr: false,
  loading: () => <AccountButton disabled aria-haspopup="menu" />,
});
