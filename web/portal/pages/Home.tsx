/** The portal's front page: the three things a petitioner can do here, and what we promise. */
import { CheckCircleOutlined, EditOutlined, ReadOutlined, SearchOutlined } from '@ant-design/icons';
import { Link } from 'react-router';

export default function Home() {
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">有事好商量，网上反映不用跑</h1>
        <p>您可以在这里向政府反映问题、提出诉求，随时查看办理进度和书面答复。不需要注册账号。</p>
      </section>

      <nav className="big-actions" aria-label="您可以办理">
        <Link to="/submit" className="big-action primary">
          <EditOutlined className="icon" aria-hidden />
          <span><strong>网上信访</strong><span className="desc">写下您的诉求和事实，约需 10 分钟</span></span>
        </Link>
        <Link to="/follow" className="big-action">
          <SearchOutlined className="icon" aria-hidden />
          <span><strong>查询进度</strong><span className="desc">凭查询码和手机号查看办理情况、评价、申请复查</span></span>
        </Link>
        <Link to="/guide" className="big-action">
          <ReadOutlined className="icon" aria-hidden />
          <span><strong>办事指南</strong><span className="desc">哪个部门管什么、办理时限、您的权利</span></span>
        </Link>
      </nav>

      <section className="panel" aria-labelledby="promise-title">
        <h2 id="promise-title" className="section-title">我们的承诺</h2>
        <ul className="promise-list">
          <li><CheckCircleOutlined aria-hidden /><span><strong>15 日内</strong>登记并转到有权处理的机关；受理后一般 <strong>60 日内</strong>给您书面答复。</span></li>
          <li><CheckCircleOutlined aria-hidden /><span>每一步都有<strong>书面告知</strong>，您可以在网上查看、打印。</span></li>
          <li><CheckCircleOutlined aria-hidden /><span>对答复不满意，可以在 <strong>30 日内</strong>申请复查、复核。</span></li>
          <li><CheckCircleOutlined aria-hidden /><span>您的身份证号、电话、住址<strong>依法保密</strong>，只用于办理您的事项，不会透露给被反映的人。</span></li>
        </ul>
      </section>
    </>
  );
}
